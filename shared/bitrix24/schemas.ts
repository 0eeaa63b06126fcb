import { z } from 'zod';

/** Field shapes shared by every Bitrix24 request. Values are checked for form, never trusted for meaning. */
export const memberIdSchema = z.string().regex(/^[0-9a-f]{32}$/i, 'member_id').transform((v) => v.toLowerCase());
/** A portal host, optionally with a port (self-hosted portals); never a path, user info or scheme. */
export const domainSchema = z
  .string()
  .max(253)
  .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/i, 'domain')
  .transform((v) => v.toLowerCase());
export const tokenSchema = z.string().regex(/^[A-Za-z0-9._~-]{8,512}$/, 'token');
export const dialogIdSchema = z.string().regex(/^(?:chat[1-9]\d{0,17}|sg[1-9]\d{0,17}|[1-9]\d{0,17})$/, 'dialogId');
const secondsSchema = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** PLACEMENT_OPTIONS is a JSON string; anything that is not a JSON object means "no options". */
export function parsePlacementOptions(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string' || value === '' || value === 'undefined') return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The fields of a page opened by Bitrix24 in an iframe (install page, sidebar, app page): section 1. */
export const frameRequestSchema = z.object({
  DOMAIN: domainSchema,
  PROTOCOL: z.enum(['0', '1']).default('1'),
  LANG: z.string().max(10).optional(),
  AUTH_ID: tokenSchema,
  AUTH_EXPIRES: secondsSchema.default(3600),
  REFRESH_ID: tokenSchema.optional(),
  /** names the portal's OAuth server (region); used only when it is one of the allowed ones */
  SERVER_ENDPOINT: z.string().max(300).optional(),
  APPLICATION_TOKEN: z.string().max(128).optional(),
  member_id: memberIdSchema,
  status: z.string().max(4).optional(),
  PLACEMENT: z.string().regex(/^[A-Z0-9_]{1,64}$/, 'PLACEMENT'),
  PLACEMENT_OPTIONS: z.unknown().optional().transform(parsePlacementOptions),
});
export type FrameRequest = z.infer<typeof frameRequestSchema>;

/** `auth[...]` of an event or a script-only install. */
export const eventAuthSchema = z.object({
  access_token: tokenSchema.optional(),
  refresh_token: tokenSchema.optional(),
  expires_in: secondsSchema.optional(),
  scope: z.string().max(1000).optional(),
  domain: domainSchema,
  member_id: memberIdSchema,
  status: z.string().max(4).optional(),
  user_id: z.string().regex(/^\d{1,18}$/).optional(),
  application_token: z.string().max(128).optional(),
  client_endpoint: z.string().max(300).optional(),
  server_endpoint: z.string().max(300).optional(),
});

export const eventRequestSchema = z.object({
  event: z.string().regex(/^[A-Z0-9_]{1,100}$/i, 'event').transform((v) => v.toUpperCase()).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  auth: eventAuthSchema,
});
export type EventRequest = z.infer<typeof eventRequestSchema>;

/** `app.info` asked on the OAuth server (what install verification compares). */
export const oauthAppInfoSchema = z.object({
  result: z.object({
    client_id: z.string(),
    user_id: z.union([z.number(), z.string()]).optional(),
    install: z.object({ domain: z.string(), member_id: z.string(), installed: z.union([z.boolean(), z.string(), z.number()]).optional() }),
  }),
});

/** The token endpoint's answer to a refresh. */
export const tokenAnswerSchema = z.object({
  access_token: tokenSchema,
  refresh_token: tokenSchema,
  expires_in: z.coerce.number().int().positive().max(86400 * 30).optional(),
  expires: z.coerce.number().int().positive().optional(),
  scope: z.string().optional(),
  member_id: z.string().optional(),
  user_id: z.union([z.number(), z.string()]).optional(),
  client_endpoint: z.string().max(300).optional(),
});

export const currentUserSchema = z.object({
  ID: z.union([z.string(), z.number()]).transform(String),
  NAME: z.string().nullish().transform((v) => v ?? ''),
  LAST_NAME: z.string().nullish().transform((v) => v ?? ''),
});
export type CurrentUser = z.infer<typeof currentUserSchema>;

export const dialogSchema = z.object({
  id: z.coerce.number(),
  dialog_id: z.string().optional(),
  name: z.string().nullish().transform((v) => v ?? ''),
  type: z.string().nullish().transform((v) => v ?? ''),
  entity_type: z.string().nullish().transform((v) => v ?? ''),
  user_counter: z.coerce.number().optional(),
  owner: z.coerce.number().optional(),
  role: z.string().nullish(),
  manager_list: z.array(z.coerce.number()).nullish(),
});
export type Dialog = z.infer<typeof dialogSchema>;

export const placementListSchema = z.array(
  z.object({ placement: z.string(), handler: z.string() }).passthrough(),
);
