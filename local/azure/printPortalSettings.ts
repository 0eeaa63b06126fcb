/**
 * `npm run azure:urls`, azd's postdeploy hook: what to paste into the portal's local-app form, from the
 * environment's values (infra/main.bicep outputs, which azd hands to hooks).
 */
export const portalSettingValues = ['BITRIX24_HANDLER_URL', 'BITRIX24_INSTALL_URL'] as const;

/** Without the values (a pipeline that only deploys), a hint: a missing printout must not fail the deploy. */
export function portalSettings(env: NodeJS.ProcessEnv): string {
  const [handler, install] = portalSettingValues.map((name) => env[name]);
  if (!handler || !install) return `${portalSettingValues.join(' and ')} are not in this azd environment: azd env refresh brings them.`;
  return [
    '',
    'Bitrix24 local app (Developer resources → Other → Local application):',
    `  Your handler path:            ${handler}`,
    `  Initial installation path:    ${install}`,
    '  Assign permissions (scopes):  im, placement, user_brief',
    '',
  ].join('\n');
}

if (require.main === module) console.log(portalSettings(process.env));
