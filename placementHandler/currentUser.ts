import { AppError } from '../shared/errors';
import type { BatchAnswer } from '../shared/bitrix24/restClient';
import { currentUserSchema, type CurrentUser } from '../shared/bitrix24/schemas';

/** `user.current` from a batch answer: who the portal says the token belongs to. */
export function currentUserOf(answer: BatchAnswer): CurrentUser {
  if (answer.errors.user) throw answer.errors.user;
  const user = currentUserSchema.safeParse(answer.results.user);
  if (!user.success) throw new AppError('portal_error', 'user.current answered in an unknown shape');
  return user.data;
}

export function displayName(user: CurrentUser): string {
  return [user.NAME, user.LAST_NAME].filter(Boolean).join(' ') || `#${user.ID}`;
}
