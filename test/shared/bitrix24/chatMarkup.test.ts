import fc from 'fast-check';
import { chatLine, chatMarkup, chatText } from '../../../shared/bitrix24/chatMarkup';
import { countingText } from '../../support/countingText';
import { hostileBodies } from '../../support/hostileTexts';
import { chatTagsOf, quoteLinesOf } from '../../support/chatTags';

describe('chat markup for “Post to chat”', () => {
  it('keeps the app’s own tags and turns every tag in user text into plain, readable words', () => {
    const title = 'Handbook[/B] [URL=javascript:alert(1)]click[/URL] [USER=all]everyone[/USER] [SEND=/kick]go[/SEND]';
    const message = chatMarkup`[B]${title}[/B]\n${'[PUT=/x]y[/PUT] [CALL=+1]c[/CALL] [CHAT=1]z[/CHAT] [ICON=i]'}`.value;
    expect(chatTagsOf(message)).toEqual(['[B]', '[/B]']);
    expect(message).toBe(
      '[B]Handbook［/B］ ［URL=javascript:alert(1)］click［/URL］ ［USER=all］everyone［/USER］ ［SEND=/kick］go［/SEND］[/B]\n' +
        '［PUT=/x］y［/PUT］ ［CALL=+1］c［/CALL］ ［CHAT=1］z［/CHAT］ ［ICON=i］',
    );
  });

  it('keeps a quote line of user text from becoming a quote, and a title on one line', () => {
    expect(chatText('>> quoted\n  >>also\nnot >> this')).toBe('›> quoted\n  ›>also\nnot >> this');
    expect(quoteLinesOf(chatMarkup`${'a\n>>b\r\n>>c'}`.value)).toEqual([]);
    expect(chatLine('Title\r\nwith\nbreaks')).toBe('Title with breaks');
  });

  it('never lets any user text add a tag or a quote line, and changes nothing else', () => {
    const piece = fc.constantFrom('[', ']', '[B]', '[/URL]', '[USER=all]', '>', '>>', '\n', '\r\n', ' ', '\t', 'word', 'ё', '\u{1F600}', '\ud800', '=', '/');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }).map((parts) => parts.join('')), (text) => {
        const message = chatMarkup`[B]${text}[/B]`.value;
        expect(chatTagsOf(message)).toEqual(['[B]', '[/B]']);
        expect(quoteLinesOf(message)).toEqual([]);
        const neutral = chatText(text);
        expect(neutral).toHaveLength(text.length);
        expect(neutral.replace(/［/g, '[').replace(/］/g, ']').replace(/›>/g, '>>')).toBe(text);
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it.each(Object.entries(hostileBodies))('reads %s of the largest size a bounded number of times per character', (_name, body) => {
    const counted = countingText(body);
    chatText(counted.text);
    expect(counted.units()).toBeLessThanOrEqual(4 * body.length);
  });
});
