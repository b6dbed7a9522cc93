/**
 * The sandbox's Kubernetes certificate authority and the API server's serving certificate, made with
 * node-forge (Node has no X.509 writer). EKS returns the CA in DescribeCluster's
 * `certificateAuthority.data` (base64 of the PEM); kubectl and client-node verify the serving
 * certificate against it, so it carries the SANs clients dial: 127.0.0.1, ::1 and localhost.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface KubeTls {
  caCertPem: string;
  caKeyPem: string;
  certPem: string;
  keyPem: string;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;

function keyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(pem);
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), pem };
}

function serial(): string {
  // Positive, as RFC 5280 requires (a leading 0x01 keeps the top bit clear).
  return `01${randomBytes(15).toString('hex')}`;
}

export function createCertificateAuthority(now: number): { certPem: string; keyPem: string } {
  const { privateKey, publicKey, pem } = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now - 3600_000);
  cert.validity.notAfter = new Date(now + 10 * YEAR_MS);
  const subject = [{ name: 'commonName', value: 'kubernetes' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    {
      name: 'keyUsage',
      keyCertSign: true,
      cRLSign: true,
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: pem };
}

export function issueServingCertificate(
  ca: { certPem: string; keyPem: string },
  now: number,
  hosts: { dns: string[]; ips: string[] } = {
    dns: [
      'localhost',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
    ],
    ips: ['127.0.0.1', '::1', '10.100.0.1'],
  },
): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const { publicKey, pem } = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now - 3600_000);
  cert.validity.notAfter = new Date(now + 2 * YEAR_MS);
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    {
      name: 'subjectAltName',
      altNames: [
        ...hosts.dns.map((value) => ({ type: 2, value })),
        ...hosts.ips.map((ip) => ({ type: 7, ip })),
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: pem };
}

/** A CA and a serving certificate signed by it; the sandbox persists the result in its state dir. */
export function createKubeTls(now: number): KubeTls {
  const ca = createCertificateAuthority(now);
  const serving = issueServingCertificate(ca, now);
  return { caCertPem: ca.certPem, caKeyPem: ca.keyPem, certPem: serving.certPem, keyPem: serving.keyPem };
}

/** DescribeCluster's `certificateAuthority.data` and a kubeconfig's `certificate-authority-data`. */
export function caData(caCertPem: string): string {
  return Buffer.from(caCertPem, 'utf8').toString('base64');
}
