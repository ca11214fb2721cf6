-- Crossplane (and Upbound provider) resources: one script for every kind, after Crossplane's documented check.
-- Argo CD's copy reads `status == nil or next(status) == nil and contains(...)`, which by Lua precedence calls any
-- resource without a status Healthy; we keep the intent: only kinds that never get a status are Healthy without one.
local hs = { status = "Progressing", message = "Provisioning ..." }

local function contains(list, value)
  for _, v in ipairs(list) do
    if v == value then return true end
  end
  return false
end

local has_no_status = {
  "Composition", "CompositionRevision", "DeploymentRuntimeConfig", "ClusterProviderConfig",
  "ProviderConfig", "ProviderConfigUsage", "ControllerConfig",
}

local status = obj.status
if (status == nil or next(status) == nil) and contains(has_no_status, obj.kind) then
  hs.status = "Healthy"
  hs.message = "Resource is up-to-date."
  return hs
end

if status == nil or next(status) == nil or status.conditions == nil then
  if (obj.kind == "ProviderConfig" or obj.kind == "ClusterProviderConfig") and status ~= nil and status.users ~= nil then
    hs.status = "Healthy"
    hs.message = "Resource is in use."
  end
  return hs
end

for _, c in ipairs(status.conditions) do
  if (c.type == "LastAsyncOperation" or c.type == "Synced") and c.status == "False" then
    hs.status = "Degraded"
    hs.message = c.message
    return hs
  end
  if contains({ "Ready", "Healthy", "Offered", "Established", "ValidPipeline", "RevisionHealthy" }, c.type) and c.status == "True" then
    hs.status = "Healthy"
    hs.message = "Resource is up-to-date."
    return hs
  end
end

return hs
