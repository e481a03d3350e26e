// Which cipher suites the webhook offers. For TLS 1.2, Mozilla's "intermediate" profile without its DHE
// suites: ECDHE key exchange only (forward secrecy: a stolen key does not decrypt recorded traffic) with AEAD
// ciphers only (no CBC, no SHA-1 MACs). Node's defaults also accept static-RSA and CBC suites. TLS 1.3's three
// suites are all forward-secret AEAD and are listed as Node has them: node takes the `TLS_` names from the same
// string, and a string without them would turn TLS 1.3 off. The API server (Go's crypto/tls) offers all of these.
// https://wiki.mozilla.org/Security/Server_Side_TLS#Intermediate_compatibility_.28recommended.29
// https://nodejs.org/api/tls.html#modifying-the-default-tls-cipher-suite
export const TLS13_CIPHER_SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'] as const;

export const TLS12_CIPHER_SUITES = [
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
] as const;

export const CIPHER_OPTIONS = {
  ciphers: [...TLS13_CIPHER_SUITES, ...TLS12_CIPHER_SUITES].join(':'),
  // Mozilla's intermediate profile lets the client choose among these: every one is strong, and a client
  // without AES hardware rightly prefers ChaCha20.
  honorCipherOrder: false,
} as const;
