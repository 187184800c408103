import { EnvReader } from '../env-reader';

export class HttpConfig {
  constructor(
    readonly port: number,
    readonly host: string,
    readonly publicUrl: string,
  ) {}

  static fromEnv(env: EnvReader): HttpConfig {
    const port = env.int('PORT', 3000, { min: 0, max: 65535 });
    return new HttpConfig(port, env.string('HOST', '0.0.0.0'), env.string('PUBLIC_URL', `http://localhost:${port}`));
  }
}
