// The app's secrets. Access is by Azure RBAC only. This template writes the Bitrix24 application key azd asked
// for; the session secret and the token encryption key are made once by the postprovision hook
// (local/azure/keyVaultSecrets.ts), so a later provision never replaces them.

param name string
param location string
param tags object
@secure()
param bitrix24ClientSecret string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
  }
}

resource clientSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'bitrix24-client-secret'
  properties: {
    value: bitrix24ClientSecret
    contentType: 'BITRIX24_CLIENT_SECRET, the Bitrix24 application key (azd provision)'
  }
}

output name string = vault.name
@description('https://<vault>.vault.azure.net/')
output uri string = vault.properties.vaultUri
