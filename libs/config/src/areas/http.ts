import { EnvReader } from '../env-reader';

export class HttpConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly publicUrl: string,
    /**
     * TRUST_PROXY: whose X-Forwarded-For decides the client IP (what per-IP throttling counts):
     * `true` (every hop: only behind a proxy that overwrites the header), `false` (none), or
     * addresses, CIDRs and the names loopback, linklocal, uniquelocal (default: those three, the
     * proxies of a private network; a client calling from the internet cannot forge its address).
     */
    readonly trustProxy: boolean | string,
  ) {}

  static fromEnv(env: EnvReader): HttpConfig {
    const port = env.int('PORT', 3000, { min: 0, max: 65535 });
    const trust = env.string('TRUST_PROXY', 'loopback,linklocal,uniquelocal');
    const trustProxy = trust === 'true' ? true : trust === 'false' ? false : trust.split(',').map((hop) => hop.trim()).filter(Boolean).join(',');
    return new HttpConfig(port, env.string('HOST', '0.0.0.0'), env.string('PUBLIC_URL', `http://localhost:${port}`), trustProxy);
  }
}
