# The two commands of the README: `make up` starts Marina, `make test` runs the whole suite.
# Both install what they need first.
.PHONY: up test bench typecheck
up:
	@bash scripts/deps.sh
	@node --import tsx src/cli/main.ts up $(ARGS)
test:
	@bash scripts/test.sh
bench:
	@bash scripts/deps.sh
	@node --import tsx bench/apiserver/run.ts
typecheck:
	@npx tsc --noEmit -p . && npx tsc --noEmit -p src/portal/web
