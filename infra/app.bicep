// Everything in the environment's resource group. Names end in a token unique to subscription, environment
// and region, because storage accounts, vaults and apps need globally unique names.

param location string
param tags object
param resourceToken string
param bitrix24ClientId string
@secure()
param bitrix24ClientSecret string
@description('Object id of whoever runs azd; empty: no deployer role assignment.')
param principalId string
@description('User or ServicePrincipal: what principalId is.')
param principalType string

// The app runs as this identity: storage, Key Vault and Application Insights trust it, and nothing else holds
// a key to them.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-kb-${resourceToken}'
  location: location
  tags: tags
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'stkb${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    resourceToken: resourceToken
    location: location
    tags: tags
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    name: 'kv-kb-${resourceToken}'
    location: location
    tags: tags
    bitrix24ClientSecret: bitrix24ClientSecret
  }
}

module roles 'modules/roleAssignments.bicep' = {
  name: 'roleAssignments'
  params: {
    appPrincipalId: identity.properties.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    keyVaultName: keyVault.outputs.name
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'functionApp'
  // The identity's roles exist before the app first starts and resolves its Key Vault references.
  dependsOn: [
    roles
  ]
  params: {
    name: 'func-kb-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    bitrix24ClientId: bitrix24ClientId
  }
}

output functionAppName string = functionApp.outputs.name
output publicBaseUrl string = functionApp.outputs.publicBaseUrl
output keyVaultName string = keyVault.outputs.name
output keyVaultUri string = keyVault.outputs.uri
