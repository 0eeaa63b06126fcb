import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { neededEnvironmentValues } from '../../local/azure/azdSession';
import { portalSettings, portalSettingValues } from '../../local/azure/printPortalSettings';
import { deploymentDir } from '../../local/azure/stageDeployment';
import { projectRoot } from '../../local/projectRoot';

// azure.yaml and infra/ as azd reads them, checked as text (neither azd nor a Bicep compiler runs here).

const root = projectRoot();
const read = (...path: string[]) => readFileSync(join(root, ...path), 'utf8');
const azureYaml = read('azure.yaml');
const mainBicep = read('infra', 'main.bicep');
const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;

describe('the azd project', () => {
  it('deploys one TypeScript function app from the staged package, built here rather than on Azure', () => {
    expect(azureYaml).toMatch(/^ {4}language: ts$/m);
    expect(azureYaml).toMatch(/^ {4}host: function$/m);
    expect(azureYaml).toMatch(new RegExp(`^ {4}dist: ${deploymentDir.replace('.', '\\.')}$`, 'm'));
    expect(azureYaml).toMatch(/^ {4}remoteBuild: false$/m);
    // azd refuses remoteBuild: false when .funcignore leaves node_modules out.
    expect(read('.funcignore').split('\n')).not.toContainEqual(expect.stringMatching(/^\/?node_modules\/?$/));
    expect(read('.gitignore').split('\n')).toEqual(expect.arrayContaining([`${deploymentDir}/`, '.azure/']));
  });

  it('runs only npm scripts that exist from its hooks', () => {
    const run = [...azureYaml.matchAll(/run: npm run (?:--silent )?([\w:-]+)/g)].map((match) => match[1]!);
    expect(new Set(run)).toEqual(new Set(['azure:package', 'azure:secrets', 'azure:urls']));
    for (const name of run) expect(scripts).toHaveProperty([name]);
  });

  it('gives the hooks every environment value they read, from the outputs of main.bicep', () => {
    const outputs = [...mainBicep.matchAll(/^output (\w+) /gm)].map((match) => match[1]);
    const needed = [...neededEnvironmentValues.filter((name) => name !== 'AZURE_SUBSCRIPTION_ID'), ...portalSettingValues];
    expect(outputs).toEqual(expect.arrayContaining(needed));
    expect(mainBicep).toMatch(/^output BITRIX24_HANDLER_URL string = '\$\{app\.outputs\.publicBaseUrl\}\/api\/placement'$/m);
    expect(mainBicep).toMatch(/^output BITRIX24_INSTALL_URL string = '\$\{app\.outputs\.publicBaseUrl\}\/api\/install'$/m);
    expect(portalSettings({ BITRIX24_HANDLER_URL: 'https://kb.example/api/placement', BITRIX24_INSTALL_URL: 'https://kb.example/api/install' })).toMatch(
      /handler path: +https:\/\/kb\.example\/api\/placement\n.*installation path: +https:\/\/kb\.example\/api\/install/,
    );
  });

  it('asks for every main.bicep parameter without a default, through main.parameters.json', () => {
    const required = [...mainBicep.matchAll(/^param (\w+) \w+$/gm)].map((match) => match[1]!);
    const parameters = (JSON.parse(read('infra', 'main.parameters.json')) as { parameters: Record<string, unknown> }).parameters;
    expect(required.sort()).toEqual(['bitrix24ClientId', 'bitrix24ClientSecret', 'environmentName', 'location']);
    for (const name of required) expect(parameters).toHaveProperty([name]);
  });

  it('refers only to Bicep modules that exist', () => {
    for (const file of ['main.bicep', 'app.bicep']) {
      for (const [, module] of read('infra', file).matchAll(/^module \w+ '([^']+)'/gm)) expect(existsSync(join(root, 'infra', module!))).toBe(true);
    }
  });
});

describe('the infrastructure in infra/', () => {
  const functionApp = read('infra', 'modules', 'functionApp.bicep');

  it('is a Flex Consumption (FC1) Linux function app on Node 22 running as a user-assigned identity', () => {
    expect(functionApp).toMatch(/tier: 'FlexConsumption'\n\s+name: 'FC1'/);
    expect(functionApp).toMatch(/kind: 'functionapp,linux'/);
    expect(functionApp).toMatch(/runtime: \{\n\s+name: 'node'\n\s+version: '22'/);
    expect(functionApp).toMatch(/type: 'UserAssigned'/);
    expect(functionApp).toMatch(/keyVaultReferenceIdentity: identityId/);
  });

  it('grants the identity exactly the roles it needs, and the deployer the right to make the generated secrets', () => {
    const roles = read('infra', 'modules', 'roleAssignments.bicep');
    const granted = {
      'Storage Blob Data Owner': 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
      'Storage Table Data Contributor': '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
      'Monitoring Metrics Publisher': '3913510d-42f4-4e42-8a64-420c390055eb',
      'Key Vault Secrets User': '4633458b-17de-408a-b874-0445c86b69e6',
      'Key Vault Secrets Officer': 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7',
    };
    for (const id of Object.values(granted)) expect(roles).toContain(`'${id}'`);
    expect([...roles.matchAll(/'Microsoft\.Authorization\/roleAssignments@/g)]).toHaveLength(Object.keys(granted).length);
  });

  it('states what kind of principal the deployer is, User unless azd is told it is a pipeline', () => {
    const roles = read('infra', 'modules', 'roleAssignments.bicep');
    const assignments = roles.split(/^resource /m).filter((block) => block.includes("'Microsoft.Authorization/roleAssignments@"));
    for (const block of assignments) expect(block).toMatch(/^\s+principalType: (?:'ServicePrincipal'|deployerPrincipalType)$/m);
    expect(assignments.filter((block) => /principalType: deployerPrincipalType/.test(block))).toHaveLength(1);
    const parameters = (JSON.parse(read('infra', 'main.parameters.json')) as { parameters: Record<string, { value: string }> }).parameters;
    expect(parameters.principalType?.value).toBe('${AZURE_PRINCIPAL_TYPE=User}');
    expect(mainBicep).toMatch(/@allowed\(\[\n\s+'User'\n\s+'ServicePrincipal'\n\]\)\nparam principalType string = 'User'/);
  });

  it('offers only regions where Flex Consumption is available', () => {
    const allowed = /@allowed\(\[\n([^\]]*)\]\)\n@metadata\(\{\n\s+azd: \{\n\s+type: 'location'\n\s+\}\n\}\)\nparam location string$/m.exec(mainBicep)?.[1] ?? '';
    const regions = allowed.split('\n').map((line) => line.trim().replace(/^'|'$/g, '')).filter(Boolean);
    expect(regions).toEqual(expect.arrayContaining(['westeurope', 'northeurope', 'eastus', 'eastus2', 'uksouth', 'southeastasia', 'australiaeast']));
    expect(regions.every((region) => /^[a-z0-9]+$/.test(region))).toBe(true);
    expect(regions).not.toContain('eastus2euap'); // a canary region, not for ordinary subscriptions
  });

  it('turns off publishing with a user name and password, in the form ARM accepts (with a location)', () => {
    const policies = functionApp.split(/^resource /m).filter((block) => block.includes("'Microsoft.Web/sites/basicPublishingCredentialsPolicies@"));
    expect(policies.map((block) => /name: '(\w+)'/.exec(block)?.[1]).sort()).toEqual(['ftp', 'scm']);
    for (const block of policies) {
      expect(block).toMatch(/^ {2}location: location$/m);
      expect(block).toMatch(/allow: false/);
    }
  });

  it('keeps Key Vault on RBAC and Application Insights on Entra-only ingestion', () => {
    expect(read('infra', 'modules', 'keyVault.bicep')).toMatch(/enableRbacAuthorization: true/);
    expect(read('infra', 'modules', 'monitoring.bicep')).toMatch(/DisableLocalAuth: true/);
    expect(functionApp).toMatch(/APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=\$\{identityClientId\};Authorization=AAD'/);
  });
});

describe('the GitHub workflow', () => {
  const workflow = read('.github', 'workflows', 'azure-dev.yml');
  const job = (name: string) => new RegExp(`^ {2}${name}:\\n((?: {4}.*\\n|\\n)*)`, 'm').exec(workflow)?.[1] ?? '';

  it('is the one azd pipeline config looks for, and the only one', () => {
    expect(readdirSync(join(root, '.github', 'workflows'))).toEqual(['azure-dev.yml']);
  });

  it('deploys only a commit whose whole test suite passed, as CI runs it', () => {
    expect(job('test')).toMatch(/^ {6}- run: \.ci\/run$/m);
    expect(job('deploy')).toMatch(/^ {4}needs: test$/m);
  });

  it('deploys code with the variables azd pipeline config sets, and never provisions', () => {
    const deploy = job('deploy');
    for (const name of ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_SUBSCRIPTION_ID', 'AZURE_ENV_NAME', 'AZURE_LOCATION']) {
      expect(deploy).toContain(`${name}: \${{ vars.${name} }}`);
    }
    expect(deploy).toMatch(/azd auth login --client-id "\$AZURE_CLIENT_ID" --federated-credential-provider github/);
    expect(deploy).toMatch(/run: azd deploy --no-prompt/);
    const steps = workflow.split('\n').filter((line) => !line.trimStart().startsWith('#'));
    expect(steps.join('\n')).not.toMatch(/azd (?:up|provision)|secrets\./);
  });
});

