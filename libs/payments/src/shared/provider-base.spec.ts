import { basicAuthorization, bearerAuthorization, secretKeyApi } from './provider-base';

describe('authorization headers', () => {
  it('HTTP Basic is base64 of user:password (RFC 7617 example)', async () => {
    expect(await basicAuthorization('Aladdin', 'open sesame')()).toEqual({ authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
  });

  it('a secret-key API sends the key as a bearer token and redacts it from errors', async () => {
    const readError = () => ({ code: 'x' });
    const api = secretKeyApi({ secretKey: 'sk_test_abc' }, readError);
    expect(await api.authorize()).toEqual({ authorization: 'Bearer sk_test_abc' });
    expect(await bearerAuthorization('t0k')()).toEqual({ authorization: 'Bearer t0k' });
    expect(api.secrets).toEqual(['sk_test_abc']);
    expect(api.readError).toBe(readError);
  });
});
