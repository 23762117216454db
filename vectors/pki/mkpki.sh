#!/bin/sh
# vectors/pki/mkpki.sh -- makes MSA's test PKI with the openssl command line
# (OpenSSL 3.0). Run by hand only: `sh vectors/pki/mkpki.sh`. The build never
# runs it; its output is committed so that tests and vectors are
# deterministic. Running it again makes new keys and new (randomised ECDSA)
# signatures: every file changes, the verdicts in README.md do not.
#
# Every file here is TEST MATERIAL: the private keys are public. Never use
# them for anything else.
#
# Validity is fixed, never relative to today (openssl ca -startdate/-enddate):
# the good certificates are valid 2025-01-01..2045-01-01, so the tests use
# the fixed time 2030-01-01T00:00:00Z = 1893456000 (MSA_TEST_TIME).
set -eu

cd "$(dirname "$0")"
OUT=$(pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

GOOD_FROM=20250101000000Z
GOOD_TO=20450101000000Z

# ---------------------------------------------------------------- config
# One CA database for every issuer (serial numbers unique over the set).
mkdir -p "$WORK/new"
: > "$WORK/index.txt"
echo 1000 > "$WORK/serial"
cat > "$WORK/ca.cnf" <<EOF
[ ca ]
default_ca = msa_ca

[ msa_ca ]
database        = $WORK/index.txt
new_certs_dir   = $WORK/new
serial          = $WORK/serial
default_md      = sha256
policy          = policy_any
unique_subject  = no
copy_extensions = none
email_in_dn     = no

[ policy_any ]
organizationName = optional
commonName       = supplied

[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
CN = unused

# Root and intermediate CAs (REQ-CRT profile: cA TRUE, keyCertSign).
[ ext_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# A "CA" without keyCertSign.
[ ext_ca_nocertsign ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# End entity of an application entity (the MSA profile).
[ ext_ee ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
subjectAltName         = \$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_ee_keyenc ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, keyEncipherment
subjectAltName         = \$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_ee_noku ]
basicConstraints       = critical, CA:FALSE
subjectAltName         = \$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_ee_nosan ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ ext_ee_ca ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, digitalSignature
subjectAltName         = \$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

# CA:FALSE but keyCertSign: an end entity that is then (wrongly) used as
# an issuer; the only defect of the chain is basicConstraints.
[ ext_ee_certsign ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, keyCertSign
subjectAltName         = \$ENV::SAN
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
EOF

# ---------------------------------------------------------------- helpers
# key NAME ALG: a private key NAME.key.pem (PKCS#8 PEM). ALG: p256 p384 p521 rsa
key() {
	case $2 in
	p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-pkeyopt ec_param_enc:named_curve -out "$OUT/$1.key.pem" ;;
	p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
		-pkeyopt ec_param_enc:named_curve -out "$OUT/$1.key.pem" ;;
	p521) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-521 \
		-pkeyopt ec_param_enc:named_curve -out "$OUT/$1.key.pem" ;;
	rsa)  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 \
		-out "$OUT/$1.key.pem" 2>/dev/null ;;
	esac
}

# cert NAME SUBJECT ISSUER EXT FROM TO [MD]: NAME.pem and NAME.der, signed by
# ISSUER (ISSUER.pem / ISSUER.key.pem; "self" for a self-signed root).
cert() {
	name=$1 subj=$2 issuer=$3 ext=$4 from=$5 to=$6 md=${7:-sha256}
	openssl req -new -config "$WORK/ca.cnf" -key "$OUT/$name.key.pem" \
		-subj "$subj" -out "$WORK/$name.csr"
	if [ "$issuer" = self ]; then
		openssl ca -batch -config "$WORK/ca.cnf" -selfsign \
			-keyfile "$OUT/$name.key.pem" -in "$WORK/$name.csr" \
			-extensions "$ext" -startdate "$from" -enddate "$to" -md "$md" \
			-preserveDN -notext -out "$OUT/$name.pem" 2>"$WORK/err" ||
			{ cat "$WORK/err"; exit 1; }
	else
		openssl ca -batch -config "$WORK/ca.cnf" -cert "$OUT/$issuer.pem" \
			-keyfile "$OUT/$issuer.key.pem" -in "$WORK/$name.csr" \
			-extensions "$ext" -startdate "$from" -enddate "$to" -md "$md" \
			-preserveDN -notext -out "$OUT/$name.pem" 2>"$WORK/err" ||
			{ cat "$WORK/err"; exit 1; }
	fi
	openssl x509 -in "$OUT/$name.pem" -outform DER -out "$OUT/$name.der"
}

# ee NAME URI ISSUER [EXT [FROM TO [ALG [MD]]]]: an end entity with its key.
ee() {
	name=$1 uri=$2 iss=$3 ext=${4:-ext_ee}
	from=${5:-$GOOD_FROM} to=${6:-$GOOD_TO} alg=${7:-p256} md=${8:-sha256}
	key "$name" "$alg"
	SAN="URI:$uri" cert "$name" "/O=MSA Test/CN=$uri" "$iss" "$ext" "$from" "$to" "$md"
}

# cat_pem OUT IN...: a PEM bundle (several certificates in one file).
cat_pem() {
	o=$1; shift
	: > "$OUT/$o"
	for f in "$@"; do cat "$OUT/$f" >> "$OUT/$o"; done
}

export SAN=URI:unused

# ---------------------------------------------------------------- the P-256 hierarchy
key root-ca p256
cert root-ca "/O=MSA Test/CN=MSA Test Root CA P-256" self ext_ca "$GOOD_FROM" "$GOOD_TO"
key int-ca p256
cert int-ca "/O=MSA Test/CN=MSA Test Intermediate CA P-256" root-ca ext_ca "$GOOD_FROM" "$GOOD_TO"

# Good end entities (the AEs of the demo and the tests).
ee initiator-1 urn:msa:ae:initiator-1 int-ca
ee responder-1 urn:msa:ae:responder-1 int-ca
ee gateway-1   urn:msa:ae:gateway-1   int-ca
# Issued by the root directly (a chain of one certificate).
ee direct-1    urn:msa:ae:direct-1    root-ca
cat_pem initiator-1-chain.pem initiator-1.pem int-ca.pem
cat_pem responder-1-chain.pem responder-1.pem int-ca.pem
cat_pem gateway-1-chain.pem gateway-1.pem int-ca.pem

# The other key encodings the loader reads, for one key: PKCS#8 DER, SEC1
# ("EC PRIVATE KEY") PEM and DER.
openssl pkey -in initiator-1.key.pem -outform DER -out initiator-1.key.der
openssl ec -in initiator-1.key.pem -out initiator-1.sec1.pem 2>/dev/null
openssl ec -in initiator-1.key.pem -outform DER -out initiator-1.sec1.der 2>/dev/null

# ---------------------------------------------------------------- the P-384 hierarchy
key root384-ca p384
cert root384-ca "/O=MSA Test/CN=MSA Test Root CA P-384" self ext_ca "$GOOD_FROM" "$GOOD_TO" sha384
ee responder-384 urn:msa:ae:responder-384 root384-ca ext_ee "$GOOD_FROM" "$GOOD_TO" p384 sha384

# ---------------------------------------------------------------- chain length
# root -> long-ca1 -> long-ca2 -> long-ca3 -> long-ca4 -> EE.
key long-ca1 p256
cert long-ca1 "/O=MSA Test/CN=MSA Test Long CA 1" root-ca ext_ca "$GOOD_FROM" "$GOOD_TO"
key long-ca2 p256
cert long-ca2 "/O=MSA Test/CN=MSA Test Long CA 2" long-ca1 ext_ca "$GOOD_FROM" "$GOOD_TO"
key long-ca3 p256
cert long-ca3 "/O=MSA Test/CN=MSA Test Long CA 3" long-ca2 ext_ca "$GOOD_FROM" "$GOOD_TO"
key long-ca4 p256
cert long-ca4 "/O=MSA Test/CN=MSA Test Long CA 4" long-ca3 ext_ca "$GOOD_FROM" "$GOOD_TO"
# 4 certificates (EE + 3 CAs): the longest chain allowed.
ee chain4 urn:msa:ae:chain4 long-ca3
cat_pem chain4-chain.pem chain4.pem long-ca3.pem long-ca2.pem long-ca1.pem
# 5 certificates: one too many.
ee bad-chain5 urn:msa:ae:chain5 long-ca4
cat_pem bad-chain5-chain.pem bad-chain5.pem long-ca4.pem long-ca3.pem long-ca2.pem long-ca1.pem

# ---------------------------------------------------------------- bad ones
# Validity.
ee bad-expired urn:msa:ae:expired-1 int-ca ext_ee 20200101000000Z 20210101000000Z
ee bad-notyet  urn:msa:ae:notyet-1  int-ca ext_ee 20400101000000Z 20500101000000Z
# Key usage.
ee bad-keyusage urn:msa:ae:keyusage-1 int-ca ext_ee_keyenc
ee bad-no-keyusage urn:msa:ae:nokeyusage-1 int-ca ext_ee_noku
# An end entity with cA TRUE.
ee bad-ee-ca urn:msa:ae:eeca-1 int-ca ext_ee_ca
# A CA:FALSE certificate used as the issuer of another end entity.
ee notca-issuer urn:msa:ae:notca-issuer-1 int-ca ext_ee_certsign
ee bad-issued-by-ee urn:msa:ae:issued-by-ee-1 notca-issuer
cat_pem bad-issued-by-ee-chain.pem bad-issued-by-ee.pem notca-issuer.pem int-ca.pem
# A CA without keyCertSign, and an end entity under it.
key nocertsign-ca p256
cert nocertsign-ca "/O=MSA Test/CN=MSA Test CA without keyCertSign" root-ca ext_ca_nocertsign "$GOOD_FROM" "$GOOD_TO"
ee bad-ca-nocertsign urn:msa:ae:ca-nocertsign-1 nocertsign-ca
cat_pem bad-ca-nocertsign-chain.pem bad-ca-nocertsign.pem nocertsign-ca.pem
# Signed by a root that is not a trust anchor.
key rogue-root-ca p256
cert rogue-root-ca "/O=MSA Rogue/CN=MSA Rogue Root CA" self ext_ca "$GOOD_FROM" "$GOOD_TO"
ee bad-untrusted urn:msa:ae:responder-1 rogue-root-ca
# Identity: subject CN says responder-1, the SAN URI (which alone counts)
# is another AE's name.
key bad-identity p256
SAN=URI:urn:msa:ae:intruder-1 cert bad-identity "/O=MSA Test/CN=urn:msa:ae:responder-1" int-ca ext_ee "$GOOD_FROM" "$GOOD_TO"
# No SAN at all; a SAN with a dNSName only; a SAN with two URIs.
key bad-no-san p256
cert bad-no-san "/O=MSA Test/CN=urn:msa:ae:nosan-1" int-ca ext_ee_nosan "$GOOD_FROM" "$GOOD_TO"
key bad-san-dns p256
SAN=DNS:nosanuri-1.msa.invalid cert bad-san-dns "/O=MSA Test/CN=urn:msa:ae:nosanuri-1" int-ca ext_ee "$GOOD_FROM" "$GOOD_TO"
key bad-two-uris p256
SAN="URI:urn:msa:ae:twouris-1,URI:urn:msa:ae:twouris-2" cert bad-two-uris "/O=MSA Test/CN=urn:msa:ae:twouris-1" int-ca ext_ee "$GOOD_FROM" "$GOOD_TO"
# Key types.
ee bad-rsa  urn:msa:ae:rsa-1  int-ca ext_ee "$GOOD_FROM" "$GOOD_TO" rsa
ee bad-p521 urn:msa:ae:p521-1 int-ca ext_ee "$GOOD_FROM" "$GOOD_TO" p521
# A broken signature: initiator-1 with the last octet of its signature
# (the low octet of s) flipped; the DER structure is unchanged.
n=$(wc -c < initiator-1.der)
last=$(tail -c 1 initiator-1.der | od -An -tu1 | tr -d ' ')
head -c $((n - 1)) initiator-1.der > bad-signature.der
printf "\\$(printf '%03o' $((last ^ 1)))" >> bad-signature.der
openssl x509 -inform DER -in bad-signature.der -out bad-signature.pem
# Over 2048 octets: 80 dNSName entries beside the URI.
key bad-oversize p256
san=URI:urn:msa:ae:oversize-1
i=0
while [ $i -lt 80 ]; do san="$san,DNS:host-$i.oversize.msa.invalid"; i=$((i + 1)); done
SAN=$san cert bad-oversize "/O=MSA Test/CN=urn:msa:ae:oversize-1" int-ca ext_ee "$GOOD_FROM" "$GOOD_TO"
# Not a certificate at all, and a truncated one.
printf 'this is not a certificate\n' > bad-garbage.der
head -c 200 initiator-1.der > bad-truncated.der

# The certificate references (SHA-256 over the DER, REQ-CRT), computed by
# openssl: the tests compare msa_cert_ref() with this independent list.
openssl dgst -sha256 -r ./*.der | sed 's/ \*\.\// /' > refs.txt
echo "mkpki: done in $OUT"
