// Real-world patterns, part 1: a GraphQL server (graphql-yoga, bodyParser
// off, context from a sealed session cookie) and sealed-cookie sessions
// (iron-session), driven the way a browser and a GraphQL client drive them.
import request from 'supertest';
import { HOSTS, useSecrets, useServer } from './support/real-world';

useSecrets();

/** `name=value` of each Set-Cookie header, for sending back as a browser would. */
function cookiesFrom(res: request.Response): string {
  const list = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return list.map((c) => c.slice(0, c.indexOf(';'))).join('; ');
}

const SEALED = /^app_session=Fe26\.2\*[^;]+; Max-Age=1209540; Path=\/; HttpOnly; SameSite=Lax$/;

describe.each(HOSTS)('real-world app on %s', (_name, host) => {
  const app = useServer(host);
  afterAll(() => expect(app.logger.lines).toEqual([]));

  describe('sealed-cookie sessions (iron-session)', () => {
    test('login seals the session into a cookie next to one the route set itself', async () => {
      const res = await request(app.url).post('/api/session/login').send({ username: 'ada' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ username: 'ada', isLoggedIn: true, loginCount: 1 });
      const cookies = res.headers['set-cookie'] as unknown as string[];
      expect(cookies).toHaveLength(2);
      expect(cookies[0]).toBe('last_login_user=ada; Path=/; SameSite=Lax');
      expect(cookies[1]).toMatch(SEALED);
    });

    test('the cookie opens the session on later requests; logging in again updates it', async () => {
      const login = await request(app.url).post('/api/session/login').send({ username: 'grace' });
      const me = await request(app.url).get('/api/session/me').set('Cookie', cookiesFrom(login));
      expect([me.status, me.body]).toEqual([200, { isLoggedIn: true, username: 'grace', loginCount: 1 }]);
      const again = await request(app.url).post('/api/session/login').set('Cookie', cookiesFrom(login)).send({ username: 'grace' });
      expect(again.body.loginCount).toBe(2);
      const meAgain = await request(app.url).get('/api/session/me').set('Cookie', cookiesFrom(again));
      expect(meAgain.body).toEqual({ isLoggedIn: true, username: 'grace', loginCount: 2 });
    });

    test('no cookie, or a forged one, is no session', async () => {
      expect((await request(app.url).get('/api/session/me')).status).toBe(401);
      const forged = await request(app.url).get('/api/session/me').set('Cookie', 'app_session=Fe26.2*1*forged*value');
      expect([forged.status, forged.body]).toEqual([401, { isLoggedIn: false }]);
    });

    test('logout expires the cookie', async () => {
      const login = await request(app.url).post('/api/session/login').send({ username: 'linus' });
      const logout = await request(app.url).post('/api/session/logout').set('Cookie', cookiesFrom(login));
      expect(logout.status).toBe(200);
      expect(logout.headers['set-cookie']).toEqual(['app_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax']);
      const me = await request(app.url).get('/api/session/me').set('Cookie', cookiesFrom(logout));
      expect(me.status).toBe(401);
    });

    test('a bad login is answered by the route (422, 405)', async () => {
      const bad = await request(app.url).post('/api/session/login').send({ username: 'x' });
      expect([bad.status, bad.body]).toEqual([422, { error: 'username must be 2-32 letters, digits, - or _' }]);
      const get = await request(app.url).get('/api/session/login');
      expect([get.status, get.headers.allow]).toEqual([405, 'POST']);
    });
  });

  describe('GraphQL (graphql-yoga)', () => {
    const TODOS = '{ todos { id title done } }';

    test('POST application/json query', async () => {
      const res = await request(app.url).post('/api/graphql').send({ query: TODOS });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({
        data: {
          todos: [
            { id: '1', title: 'Read the migration guide', done: true },
            { id: '2', title: 'Mount pages/api on Express', done: false },
          ],
        },
      });
    });

    test('GET with the query in the URL; variables and operationName', async () => {
      const get = await request(app.url).get('/api/graphql').query({ query: '{ todos(done: true) { title } }' });
      expect([get.status, get.body]).toEqual([200, { data: { todos: [{ title: 'Read the migration guide' }] } }]);
      const post = await request(app.url)
        .post('/api/graphql')
        .send({
          query: 'query One($id: ID!) { todo(id: $id) { title } } query Other { todos { id } }',
          variables: { id: '2' },
          operationName: 'One',
        });
      expect(post.body).toEqual({ data: { todo: { title: 'Mount pages/api on Express' } } });
    });

    test('a query that does not validate is a GraphQL error, not a crash', async () => {
      const res = await request(app.url)
        .post('/api/graphql')
        .set('Accept', 'application/graphql-response+json')
        .send({ query: '{ todos { nope } }' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
      expect(JSON.parse(res.text)).toEqual({
        errors: [
          {
            message: 'Cannot query field "nope" on type "Todo". Did you mean "done"?',
            locations: [{ line: 1, column: 11 }],
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          },
        ],
      });
    });

    test('the context sees the session cookie and req.cookies; mutations need a session', async () => {
      const anonymous = await request(app.url).post('/api/graphql').send({ query: 'mutation { addTodo(title: "x") { id } }' });
      expect(anonymous.status).toBe(200);
      expect(anonymous.body).toEqual({
        data: null,
        errors: [{ message: 'Sign in to add todos', locations: [{ line: 1, column: 12 }], path: ['addTodo'], extensions: { code: 'UNAUTHENTICATED' } }],
      });

      const login = await request(app.url).post('/api/session/login').send({ username: 'margaret' });
      const cookie = `${cookiesFrom(login)}; locale=en-GB`;
      const viewer = await request(app.url).post('/api/graphql').set('Cookie', cookie).send({ query: '{ viewer { username locale } }' });
      expect(viewer.body).toEqual({ data: { viewer: { username: 'margaret', locale: 'en-GB' } } });
      const added = await request(app.url)
        .post('/api/graphql')
        .set('Cookie', cookie)
        .send({ query: 'mutation Add($t: String!) { addTodo(title: $t) { id title owner } }', variables: { t: 'Ship it' } });
      expect(added.body).toEqual({ data: { addTodo: { id: '3', title: 'Ship it', owner: 'margaret' } } });
    });
  });
});
