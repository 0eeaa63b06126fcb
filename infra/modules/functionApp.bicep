// The Flex Consumption plan and the function app (Linux, Node 22), running as the user-assigned identity.
// test/infra/appSettings.test.ts holds appSettings below against shared/config.ts.

param name string
param location string
param tags object
@description('Resource id of the user-assigned identity the app runs as.')
param identityId string
param identityClientId string
param storageBlobEndpoint string
param storageTableEndpoint string
param deploymentContainerName string
param applicationInsightsConnectionString string
@description('https://<vault>.vault.azure.net/')
param keyVaultUri string
param bitrix24ClientId string
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048
@description('Upper bound on instances, and so on what a traffic spike can cost.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: 'plan-${name}'
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, {
    'azd-service-name': 'app' // azure.yaml's service
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve as this identity (the default would be a system-assigned one).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

// azd deploys with Entra tokens; publishing with a user name and password stays off. ARM refuses these two
// without a location ("The parameter location has an invalid value") although Bicep's types leave it out:
// Bicep may warn (BCP187) and the deployment works (Azure/bicep#7396, Azure/bicep-types-az#1317).
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  location: location
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  location: location
  properties: {
    allow: false
  }
}

// The app's own setting names (README, Configuration). Secrets are Key Vault references without a version,
// so the app reads the latest one; nothing here is a key or a password. Flex Consumption sets the runtime
// itself and rejects FUNCTIONS_WORKER_RUNTIME, WEBSITE_NODE_DEFAULT_VERSION, WEBSITE_RUN_FROM_PACKAGE and
// the content-share settings, so they are absent.
var appSettings = {
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  BITRIX24_CLIENT_ID: bitrix24ClientId
  // Portals of both Bitrix24 OAuth servers (regions); each portal's tokens go to the one it installed with.
  BITRIX24_OAUTH_URLS: 'https://oauth.bitrix.info/,https://oauth.bitrix24.tech/'
  BITRIX24_CLIENT_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/bitrix24-client-secret)'
  SESSION_SECRET: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/session-secret)'
  TOKEN_ENCRYPTION_KEY: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/token-encryption-key)'
  TOKEN_ENCRYPTION_KEY_PREVIOUS: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/token-encryption-key-previous)'
  PUBLIC_BASE_URL: 'https://${app.properties.defaultHostName}'
  // The Functions host itself refuses request bodies over 1 MiB (its default is 100 MB); the functions stop
  // reading at 64 KB or 256 KB anyway, as the host streams bodies to them.
  FUNCTIONS_REQUEST_BODY_SIZE_LIMIT: '1048576'
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: appSettings
}

output name string = app.name
output publicBaseUrl string = 'https://${app.properties.defaultHostName}'
