/**
 * Bearer tokens Marina issues: compact JWTs (HS256) signed with the hub's key. A token is bound to one
 * logical cluster *and that cluster's uid*, so a token of cluster A is worthless on cluster B and on a
 * later cluster that reuses A's name. Service-account tokens are also bound to the account's uid.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenClaims {
  iss: 'marina';
  /** username */
  sub: string;
  grp: string[];
  /** logical cluster name and uid */
  cl: string;
  cuid: string;
  /** service account binding */
  sa?: { ns: string; name: string; uid: string };
  iat: number;
  exp?: number;
  jti: string;
}

const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');
const HEADER = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export class TokenIssuer {
  constructor(private readonly key: Buffer) {}

  static newKey(): string {
    return randomBytes(32).toString('base64');
  }

  sign(claims: Omit<TokenClaims, 'iss' | 'iat' | 'jti'> & { iat?: number }): string {
    const full: TokenClaims = { iss: 'marina', iat: Math.floor(Date.now() / 1000), jti: randomBytes(8).toString('hex'), ...claims };
    const body = `${HEADER}.${b64(JSON.stringify(full))}`;
    return `${body}.${this.mac(body)}`;
  }

  /** The claims of a well-formed, correctly signed, unexpired token; undefined otherwise. */
  verify(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    const expected = Buffer.from(this.mac(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const c = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
      if (c.iss !== 'marina' || typeof c.cl !== 'string' || typeof c.sub !== 'string') return undefined;
      if (c.exp !== undefined && c.exp < Date.now() / 1000) return undefined;
      return c;
    } catch {
      return undefined;
    }
  }

  private mac(s: string): string {
    return createHmac('sha256', this.key).update(s).digest('base64url');
  }
}
