// Azure resources for one Labkeep environment (teamsapp.yml runs this with arm/deploy):
// App Service (Linux, Node 20) running the server, the bot and the tab; Azure Database for
// PostgreSQL Flexible Server; Azure Bot with the Microsoft Teams channel.
// Outputs are written to env/.env.<env> by the Agents Toolkit (upper-case names).

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name; make it unique per environment.')
param resourceBaseName string

param location string = resourceGroup().location

@description('App Service plan size; B1 or larger (always on is needed for the scheduler).')
param webAppSku string = 'B1'

@description('Number of App Service instances; the scheduler lease keeps jobs single-run.')
@minValue(1)
param instanceCount int = 1

param botDisplayName string
@description('Client id of the bot\'s Entra app (botAadApp/create).')
param botAadAppClientId string
@secure()
param botAadAppClientSecret string

@description('Client id of the Entra app that Teams SSO issues tokens for (aadApp/create).')
param aadAppClientId string
@secure()
param aadAppClientSecret string
param aadAppTenantId string = tenant().tenantId
param teamsAppId string

@description('Key of the audit trail\'s HMAC chain (32+ characters); production refuses to start without it. Kept out of the database.')
@secure()
param auditHmacKey string

param postgresAdminLogin string = 'labkeep'
@secure()
param postgresAdminPassword string
param postgresSkuName string = 'Standard_B1ms'
@allowed(['Burstable', 'GeneralPurpose', 'MemoryOptimized'])
param postgresSkuTier string = 'Burstable'
param postgresStorageGb int = 32
param postgresDatabaseName string = 'labkeep'

var webAppName = '${resourceBaseName}-app'
var webAppHost = '${webAppName}.azurewebsites.net'
var databaseUrl = 'postgresql://${postgresAdminLogin}:${uriComponent(postgresAdminPassword)}@${postgres.properties.fullyQualifiedDomainName}:5432/${postgresDatabaseName}?sslmode=require'

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: '${resourceBaseName}-pg'
  location: location
  sku: {
    name: postgresSkuName
    tier: postgresSkuTier
  }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    storage: {
      storageSizeGB: postgresStorageGb
    }
    backup: {
      backupRetentionDays: 14
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: postgres
  name: postgresDatabaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0–0.0.0.0 is Azure's rule for "services inside Azure" (the App Service), not the internet.
resource allowAzureServices 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: postgres
  name: 'AllowAllAzureServicesAndResourcesWithinAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Migrations first (idempotent), then the server; see docs/deploy.md.
      appCommandLine: 'npm run db:migrate && npm start'
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'NODE_ENV', value: 'production' }
        { name: 'SCM_DO_BUILD_DURING_DEPLOYMENT', value: 'false' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'PORT', value: '8080' }
        { name: 'TRUST_PROXY', value: 'true' }
        { name: 'DEV_SIGN_IN', value: 'false' }
        { name: 'DATABASE_URL', value: databaseUrl }
        { name: 'BOT_ID', value: botAadAppClientId }
        { name: 'BOT_PASSWORD', value: botAadAppClientSecret }
        { name: 'BOT_TENANT_ID', value: aadAppTenantId }
        { name: 'BOT_TYPE', value: 'SingleTenant' }
        { name: 'TEAMS_APP_ID', value: teamsAppId }
        { name: 'AUTH_CLIENT_ID', value: aadAppClientId }
        { name: 'AUTH_CLIENT_SECRET', value: aadAppClientSecret }
        { name: 'AUTH_APP_ID_URI', value: 'api://${webAppHost}/${aadAppClientId}' }
        { name: 'AUTH_TENANT_IDS', value: aadAppTenantId }
        { name: 'AUDIT_HMAC_KEY', value: auditHmacKey }
        // Outside the database; /home is App Service's persistent storage.
        { name: 'AUDIT_CHECKPOINT_PATH', value: '/home/labkeep/audit-checkpoints.jsonl' }
      ]
    }
  }
  dependsOn: [
    database
    allowAzureServices
  ]
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${resourceBaseName}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webAppHost}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: aadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webAppHost
output BOT_ENDPOINT string = 'https://${webAppHost}'
output TAB_DOMAIN string = webAppHost
output TAB_ENDPOINT string = 'https://${webAppHost}'
output POSTGRES_SERVER_FQDN string = postgres.properties.fullyQualifiedDomainName
