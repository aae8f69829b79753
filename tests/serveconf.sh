#!/bin/sh
# ocoplabel tests: `ocoplabel serve --config FILE` (the service's /etc/ocoplabel/serve.conf): its settings
# used and the command line's options winning over them, every wrong file refused with its line; --token-file
# (the token needed, the file's first line); --templates (a folder looked in first); SIGHUP reading the product
# files again, also a change that their stamps cannot show (same size, same inode, same modification time),
# and a broken file at SIGHUP leaving the last reading in use.
# Usage: serveconf.sh OCOPLABEL EXAMPLES_DIR
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
bin=$1
examples=$2
tmp=$(mktemp -d)
at_exit 'rm -rf "$tmp"'
cd "$tmp" || exit 1
csv="$examples/quangninh-products.csv"
export LANG=C LANGUAGE=
# has TEXT: yes when body.txt has TEXT
has() { if grep -qF -- "$1" body.txt; then echo yes; else echo no; fi; }
# code URL [CURL ARGS]: the status, the body in body.txt
code() { u=$1; shift; curl -s -o body.txt -w '%{http_code}' --max-time 20 -H 'Accept-Language: en' "$@" "$u"; }

if case_begin settings; then
	# port 1 and the address of another computer are overridden by serve_start's --listen 127.0.0.1 --port 0
	cat > serve.conf <<EOF
# a comment, then settings with and without spaces around =
port = 1
listen=10.1.2.3
  products = $csv
threads = 2
template = small-70x37
EOF
	serve_start conf --config serve.conf
	expect_eq "$(grep -c 'products (12 rows)' conf.out)" 1 "the products of the file's setting are read"
	expect_eq "$(code "$base/01/08936012346107" -L)" 200 "their pages answer"
	expect_eq "$(has 'Trà hoa vàng Ba Chẽ')" yes "the product's page"
	# no token: the command line's 127.0.0.1 won over the file's address, which would have made one
	expect_eq "$(grep -c 'token=' conf.out)" 0 "the command line's --listen wins"
	# a repeatable option adds to the file's
	serve_stop
	# another lot of the first product
	sed -n '1p; 2s/TH2611/TH2612/p' "$csv" > lot.csv
	serve_start conf2 --config serve.conf --products lot.csv
	expect_eq "$(grep -c '12 products (13 rows)' conf2.out)" 1 "--products of the command line adds to the file's"
	serve_stop
	# --config=FILE is the same
	serve_start conf3 --config="$tmp/serve.conf"
	expect_eq "$(grep -c 'products (12 rows)' conf3.out)" 1 "--config=FILE"
	serve_stop
fi

if case_begin refusals; then
	# refuse NAME WANT CONTENT: a file with CONTENT is refused (status 2) with a message containing WANT
	refuse() {
		printf '%b' "$3" > bad.conf
		"$bin" serve --config bad.conf --port 0 >out.txt 2>err.txt
		expect_eq "$?" 2 "$1: status"
		if grep -qF -- "$2" err.txt; then ok; else bad "$1: [$(cat err.txt)] lacks [$2]"; fi
	}
	refuse "unknown setting" "bad.conf:2: 'colour' is not a setting of serve" "port = 0\ncolour = red\n"
	refuse "not NAME = VALUE" "bad.conf:1: 'port 8080' is not a setting (NAME = VALUE)" "port 8080\n"
	refuse "no value" "bad.conf:1: 'port' has no value" "port =\n"
	refuse "an option without a value" "bad.conf:1: 'help' is not a setting of serve" "help = yes\n"
	refuse "config in config" "bad.conf:1: 'config' is not a setting of serve" "config = other.conf\n"
	refuse "a bad value names its line" "(the setting on line 3 of bad.conf)" "# x\n\nport = 99999\n"
	refuse "a binary file" "bad.conf: not a configuration file" "port = 0\n\0\n"
	"$bin" serve --config missing.conf >out.txt 2>err.txt
	expect_eq "$?" 2 "a missing file: status"
	expect_eq "$(grep -c 'missing.conf' err.txt)" 1 "a missing file is named"
	"$bin" serve --conf serve.conf >out.txt 2>err.txt
	expect_eq "$?" 2 "an abbreviated --config: status"
	expect_eq "$(head -1 err.txt)" "ocoplabel: --config is written in full, and once" "an abbreviated --config"
	"$bin" serve --config a.conf --config b.conf >out.txt 2>err.txt
	expect_eq "$?" 2 "two --config: status"
	echo short > short.token
	"$bin" serve --port 0 --token-file short.token >out.txt 2>err.txt
	expect_eq "$?" 2 "a short token: status"
	expect_eq "$(cat err.txt)" "ocoplabel: --token-file: the first line of short.token is too short for a token (8 characters or more)" "a short token"
	"$bin" serve --port 0 --templates nowhere >out.txt 2>err.txt
	expect_eq "$?" 2 "a missing templates folder: status"
	expect_eq "$(head -1 err.txt)" "ocoplabel: --templates: 'nowhere' is not a folder" "a missing templates folder"
fi

if case_begin token-file; then
	printf '  s3cret-token-0042  \nthe rest is not read\n' > token
	printf 'token-file = %s/token\n' "$tmp" > tok.conf
	serve_start tok --config tok.conf
	expect_eq "$(grep -c '?token=s3cret-token-0042 ' tok.out)" 1 "the token is the file's first line"
	expect_eq "$(code "$base/api/fields")" 401 "no token: 401"
	expect_eq "$(code "$base/api/fields" -H 'Authorization: Bearer s3cret-token-0042')" 200 "the token: 200"
	serve_stop
	# --token after the file's token-file wins
	serve_start tok2 --config tok.conf --token other-token-77
	expect_eq "$(code "$base/api/fields" -H 'Authorization: Bearer other-token-77')" 200 "--token wins over the file's"
	serve_stop
fi

if case_begin templates; then
	mkdir -p mine/sheets
	sed 's/^description *=.*/description = the cooperative'"'"'s own/' "$(layout_file thermal-50x30.ini)" > mine/coop-50x30.ini
	printf 'templates = %s/mine\n' "$tmp" > tpl.conf
	serve_start tpl --config tpl.conf
	expect_eq "$(code "$base/api/templates")" 200 "templates: 200"
	expect_eq "$(/usr/bin/python3 -c "import json; d=json.load(open('body.txt')); print(' '.join(sorted(t['name'] for t in d['templates'] if t['name'] in ('coop-50x30', 'product-100x70'))))")" \
		"coop-50x30 product-100x70" "the folder's template and the installed ones"
	serve_stop
fi

if case_begin reload; then
	cp "$csv" products.csv
	serve_start rel --products products.csv
	expect_eq "$(code "$base/p/01/08936012346107")" 200 "the page before"
	expect_eq "$(has 'Trà hoa vàng Ba Chẽ')" yes "the name before"
	# the same number of bytes, in the same file, its modification time put back: the stamps do not change
	touch -r products.csv stamp
	/usr/bin/python3 - <<'EOF'
with open("products.csv", "r+b") as f:
    data = f.read()
    f.seek(0)
    f.write(data.replace("Trà hoa vàng Ba Chẽ,".encode(), "Trà hoa nhài Ba Chẽ,".encode(), 1))
EOF
	touch -r stamp products.csv
	expect_eq "$(code "$base/p/01/08936012346107") $(has 'Trà hoa nhài')" "200 no" "without SIGHUP the change is not seen (the premise)"
	kill -HUP "$serve_pid"
	wait_until 100 grep -q 'product files read again: 12 products' rel.out
	expect_eq "$?" 0 "SIGHUP: read again"
	expect_eq "$(code "$base/p/01/08936012346107") $(has 'Trà hoa nhài Ba Chẽ')" "200 yes" "after SIGHUP the page has the new name"
	# a file broken at SIGHUP: said once, the last reading answers, the server goes on
	printf 'not,a\x00product file' > products.csv
	touch -r stamp products.csv
	kill -HUP "$serve_pid"
	wait_until 100 grep -q 'the pages answer from the last reading' rel.err
	expect_eq "$?" 0 "a broken file at SIGHUP: said"
	expect_eq "$(code "$base/p/01/08936012346107") $(has 'Trà hoa nhài Ba Chẽ')" "200 yes" "a broken file at SIGHUP: the last reading answers"
	serve_stop
	expect_eq "$?" 0 "a clean stop after the reloads"
	# without product files SIGHUP says so and the server goes on
	serve_start none
	kill -HUP "$serve_pid"
	wait_until 100 grep -q 'SIGHUP: there are no product files' none.out
	expect_eq "$?" 0 "SIGHUP without product files"
	expect_eq "$(code "$base/api/fields")" 200 "it goes on"
	serve_stop
fi

finish
