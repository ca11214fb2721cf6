-- A script that never returns, and tries to swallow the abort with pcall: the time limit must still stop it.
hs = { status = "Healthy" }
while true do
  pcall(function()
    while obj.spec.forever do end
  end)
end
return hs
