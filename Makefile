# Entry points; each calls a script in scripts/ so the same steps work without make.
.PHONY: up down status test bench

up:
	scripts/up.sh

down:
	scripts/down.sh

status:
	scripts/status.sh

test:
	scripts/test.sh

# Runs every benchmark under bench/ (bench/*/run.sh), one after the other.
bench:
	@found=0; for script in bench/*/run.sh; do \
		[ -x "$$script" ] || continue; found=1; echo "bench: $$script"; "$$script" || exit 1; \
	done; [ $$found -eq 1 ] || echo "bench: no bench/*/run.sh yet"
