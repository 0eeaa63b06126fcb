// `azd up` / `azd provision` deploys this: one resource group holding the Flex Consumption function app, its
// user-assigned identity, storage without account keys, Key Vault and Application Insights (see app.bicep).
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment. It names the resource group and tags every resource.')
param environmentName string

// The regions offering Flex Consumption, as in Microsoft's quickstart (Azure-Samples/functions-quickstart-
// typescript-azd, without its canary region); azd offers only these. A region added since can be added here.
@minLength(1)
@description('Region of every resource; one that offers the Flex Consumption plan.')
@allowed([
  'australiaeast'
  'australiasoutheast'
  'brazilsouth'
  'canadacentral'
  'centralindia'
  'centralus'
  'eastasia'
  'eastus'
  'eastus2'
  'francecentral'
  'germanywestcentral'
  'italynorth'
  'japaneast'
  'koreacentral'
  'northcentralus'
  'northeurope'
  'norwayeast'
  'southafricanorth'
  'southcentralus'
  'southeastasia'
  'southindia'
  'spaincentral'
  'swedencentral'
  'uaenorth'
  'uksouth'
  'ukwest'
  'westcentralus'
  'westeurope'
  'westus'
  'westus2'
  'westus3'
])
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@minLength(1)
@description('Application ID of the Bitrix24 local app (local.xxxxxxxxxxxxxx.xxxxxxxx).')
param bitrix24ClientId string

@secure()
@minLength(1)
@description('Application key of the Bitrix24 local app. Goes into Key Vault; the app reads it through a Key Vault reference.')
param bitrix24ClientSecret string

@description('Object id of the user or service principal running azd (azd fills it in). It may create the generated secrets in Key Vault.')
param principalId string = ''

@description('What principalId is: User (a person running azd) or ServicePrincipal (a pipeline): azd env set AZURE_PRINCIPAL_TYPE ServicePrincipal.')
@allowed([
  'User'
  'ServicePrincipal'
])
param principalType string = 'User'

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

resource resourceGroup 'Microsoft.Resources/resourceGroups@2022-09-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module app 'app.bicep' = {
  name: 'app'
  scope: resourceGroup
  params: {
    location: location
    tags: tags
    resourceToken: resourceToken
    bitrix24ClientId: bitrix24ClientId
    bitrix24ClientSecret: bitrix24ClientSecret
    principalId: principalId
    principalType: principalType
  }
}

// azd keeps these in the environment (.azure/<env>/.env) and hands them to the hooks in azure.yaml.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = resourceGroup.name
output AZURE_FUNCTION_APP_NAME string = app.outputs.functionAppName
output AZURE_KEY_VAULT_NAME string = app.outputs.keyVaultName
output AZURE_KEY_VAULT_ENDPOINT string = app.outputs.keyVaultUri
output PUBLIC_BASE_URL string = app.outputs.publicBaseUrl
output BITRIX24_HANDLER_URL string = '${app.outputs.publicBaseUrl}/api/placement'
output BITRIX24_INSTALL_URL string = '${app.outputs.publicBaseUrl}/api/install'
