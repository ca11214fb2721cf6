-- cert-manager Certificate: Issuing wins over Ready, so a renewal in flight shows as Progressing.
local hs = {}
local conditions = obj.status and obj.status.conditions or {}

for _, c in ipairs(conditions) do
  if c.type == "Issuing" and c.status == "True" then
    hs.status = "Progressing"
    hs.message = c.message
    return hs
  end
end

for _, c in ipairs(conditions) do
  if c.type == "Ready" then
    if c.status == "True" then
      hs.status = "Healthy"
    elseif c.status == "False" then
      hs.status = "Degraded"
    end
    if hs.status ~= nil then
      hs.message = c.message
      return hs
    end
  end
end

hs.status = "Progressing"
hs.message = "Waiting for certificate"
return hs
