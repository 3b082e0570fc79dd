#!/bin/sh
# Regenerates the test certificates of the fault server (tests/support/fault-server.ts).
# They are committed so that tests need no openssl; run this only to change them.
#   ca.pem            test root (trusted only by the tests' own agent)
#   valid.*           secure.fault.test, signed by the root
#   wronghost.*       other-name.fault.test, signed by the root, served for wronghost.fault.test
#   expired.*         expired.fault.test, signed by the root, valid 2020-01-01..2021-01-01
#   selfsigned.*      selfsigned.fault.test, self-signed
#   incomplete.*      incomplete.fault.test, signed by an intermediate that the server does not send
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
days=3650

openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days $days -subj "/CN=egovscan test root" \
  -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null

leaf() { # name cn signer-cert signer-key
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$work/$1.csr" -subj "/CN=$2" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$2" > "$work/$1.ext"
  openssl x509 -req -in "$work/$1.csr" -CA "$3" -CAkey "$4" -CAcreateserial -out "$1.pem" -days $days \
    -extfile "$work/$1.ext" 2>/dev/null
}
leaf valid secure.fault.test ca.pem ca.key
leaf wronghost other-name.fault.test ca.pem ca.key

# Intermediate CA; the incomplete server sends only its leaf.
openssl req -new -newkey rsa:2048 -nodes -keyout "$work/int.key" -out "$work/int.csr" -subj "/CN=egovscan test intermediate" 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' > "$work/int.ext"
openssl x509 -req -in "$work/int.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$work/int.pem" -days $days -extfile "$work/int.ext" 2>/dev/null
leaf incomplete incomplete.fault.test "$work/int.pem" "$work/int.key"

openssl req -x509 -newkey rsa:2048 -nodes -keyout selfsigned.key -out selfsigned.pem -days $days \
  -subj "/CN=selfsigned.fault.test" -addext subjectAltName=DNS:selfsigned.fault.test 2>/dev/null

# An expired certificate needs explicit dates, which only `openssl ca` sets.
mkdir -p "$work/ca"
touch "$work/ca/index.txt"
echo 1000 > "$work/ca/serial"
cat > "$work/ca/ca.cnf" <<CNF
[ ca ]
default_ca = d
[ d ]
dir = $work/ca
database = $work/ca/index.txt
serial = $work/ca/serial
new_certs_dir = $work/ca
default_md = sha256
policy = p
copy_extensions = copy
unique_subject = no
[ p ]
commonName = supplied
CNF
openssl req -new -newkey rsa:2048 -nodes -keyout expired.key -out "$work/expired.csr" -subj "/CN=expired.fault.test" \
  -addext subjectAltName=DNS:expired.fault.test 2>/dev/null
openssl ca -batch -config "$work/ca/ca.cnf" -cert ca.pem -keyfile ca.key -in "$work/expired.csr" -out "$work/expired.full" \
  -startdate 20200101000000Z -enddate 20210101000000Z 2>/dev/null
openssl x509 -in "$work/expired.full" -out expired.pem
rm -f ca.srl
echo "certificates written to $(pwd)"
