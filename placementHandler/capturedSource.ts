import { z } from 'zod';
import { AppError } from '../shared/errors';
import { stringField, type FieldTree } from '../shared/bitrix24/formFields';
import type { Runtime } from '../shared/runtime';
import type { ArticleSource } from '../shared/storage/articleStore';
import { readSignedToken, signToken } from '../shared/web/signedToken';
import type { Session } from '../shared/web/session';

const purpose = 'article-source';
/** Names are cut to 500 units before sealing (clipName): a token stays well under this. */
const maxSourceTokenLength = 4096;

const sealedSchema = z.object({
  memberId: z.string(),
  chatId: z.number(),
  userId: z.string(),
  source: z.object({
    messageId: z.string().regex(/^[1-9]\d{0,17}$/),
    authorId: z.number().int().nonnegative(),
    authorName: z.string().max(1000),
    date: z.string().max(64),
  }),
});

/**
 * The message a captured article came from, as the portal showed it to the user who captured it, signed for
 * that user in that chat: the editor's form carries it, and the article says "From a message by …" only on
 * the portal's word, never on what a form claims.
 */
export function sealSource(runtime: Runtime, session: Session, source: ArticleSource): string {
  return signToken(runtime.config.sessionSecret, purpose, { memberId: session.memberId, chatId: session.chatId, userId: session.userId, source });
}

/**
 * The source a form carries, with its token (to carry on), when it has one; a token that is not ours, or is
 * for another user or chat, is a bad request.
 */
export function sourceFromForm(runtime: Runtime, session: Session, fields: FieldTree): { source: ArticleSource; token: string } | undefined {
  const token = stringField(fields, 'source');
  if (token === undefined || token === '') return undefined;
  const sealed = sealedSchema.safeParse(readSignedToken(runtime.config.sessionSecret, purpose, token, maxSourceTokenLength));
  if (!sealed.success || sealed.data.memberId !== session.memberId || sealed.data.chatId !== session.chatId || sealed.data.userId !== session.userId) {
    throw new AppError('bad_request', 'the form’s message source is not one this app gave this user in this chat');
  }
  return { source: sealed.data.source, token };
}
