-- cert-manager Issuer and ClusterIssuer: the Ready condition decides.
local hs = {}
local conditions = obj.status and obj.status.conditions or {}

for _, c in ipairs(conditions) do
  if c.type == "Ready" and c.status == "True" then
    hs.status = "Healthy"
    hs.message = c.message
    return hs
  end
  if c.type == "Ready" and c.status == "False" then
    hs.status = "Degraded"
    hs.message = c.message
    return hs
  end
end

hs.status = "Progressing"
hs.message = "Initializing issuer"
return hs
