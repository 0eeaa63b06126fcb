import { html, raw } from '../../../shared/web/html';

describe('html', () => {
  it('escapes every interpolated value', () => {
    const name = '<img src=x onerror=alert(1)> & "quotes" \'single\' `tick`';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39; &#96;tick&#96;">&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;single&#39; &#96;tick&#96;</p>',
    );
  });

  it('nests templates and arrays without escaping them twice, and only raw() passes markup', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${raw('<hr>')}${'<hr>'}`.value).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>&lt;hr&gt;');
  });

  it('renders nothing for null, undefined and false', () => {
    expect(html`${null}${undefined}${false}${0}`.value).toBe('0');
  });
});
