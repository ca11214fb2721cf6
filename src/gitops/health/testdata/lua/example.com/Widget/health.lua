-- A typical user script: counts ready replicas, uses Lua 5.1's table.getn and string functions.
hs = {}
if obj.status == nil or obj.status.replicas == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for status"
  return hs
end
local ready = 0
for _, r in ipairs(obj.status.replicas) do
  if r.ready then ready = ready + 1 end
end
local total = table.getn(obj.status.replicas)
hs.message = ready .. "/" .. total .. " replicas ready"
if obj.status.phase ~= nil and string.find(obj.status.phase, "^Fail") then
  hs.status = "Degraded"
elseif ready == total then
  hs.status = "Healthy"
else
  hs.status = "Progressing"
end
return hs
