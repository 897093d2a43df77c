// Route files import assets as Next lets them: a CSS module gives its
// class-name map, plain CSS is imported for its side effect (an empty module),
// an image gives Next's static-import object `{ src, width, height }` with
// `src` under a configurable public path, and any other unknown extension
// fails to load with a message naming the file and the extension.
import { createServer } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { apiRoutes, type ApiRoutesOptions } from '../../lib';
import { fixture, memoryLogger } from '../support';

const PROJECT = fixture('assets');
const API = join(PROJECT, 'pages', 'api');

function serve(options: ApiRoutesOptions = {}) {
  const logger = memoryLogger();
  const api = apiRoutes(API, { basePath: '/api', logger, ...options });
  return { api, logger, server: createServer(api) };
}

describe('CSS', () => {
  test('a CSS module is the map of its class names (and keyframes) to generated names; plain CSS loads as nothing', async () => {
    const { server, logger } = serve();
    const res = await request(server).get('/api/styles');
    expect(logger.lines).toEqual([]);
    expect(res.status).toBe(200);
    const { button, card } = res.body as { button: Record<string, string>; card: Record<string, string> };
    // Classes anywhere in selectors (compound, :not(), inside @media, after :global(...)), keyframes names;
    // never :global classes, comments, strings, url()s or numbers in declarations.
    expect(Object.keys(button)).toEqual(['button', 'primary', 'icon-only', 'disabled', 'compact', 'fade-in', 'button_label']);
    for (const [local, generated] of Object.entries(button)) {
      expect(generated).toMatch(new RegExp(`^button_${local}__[A-Za-z0-9_-]{5}$`));
    }
    expect(new Set(Object.values(button)).size).toBe(7);
    // The same class in another module gets another name.
    expect(Object.keys(card)).toEqual(['button']);
    expect(card.button).toMatch(/^card_button__[A-Za-z0-9_-]{5}$/);
    expect(card.button).not.toBe(button.button);
  });

  test('the names are the same on every load of the same file', async () => {
    const first = (await request(serve().server).get('/api/styles')).body;
    const second = (await request(serve().server).get('/api/styles')).body;
    expect(second).toEqual(first);
  });
});

describe('images', () => {
  test("png, jpg, gif and svg imports give Next's { src, width, height }", async () => {
    const { server, logger } = serve();
    const res = await request(server).get('/api/images');
    expect(logger.lines).toEqual([]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      logo: { src: expect.stringMatching(/^\/_next\/static\/media\/logo\.[0-9a-f]{8}\.png$/), width: 3, height: 2 },
      photo: { src: expect.stringMatching(/^\/_next\/static\/media\/photo\.[0-9a-f]{8}\.jpg$/), width: 16, height: 9 },
      spinner: { src: expect.stringMatching(/^\/_next\/static\/media\/spinner\.[0-9a-f]{8}\.gif$/), width: 5, height: 4 },
      icon: { src: expect.stringMatching(/^\/_next\/static\/media\/icon\.[0-9a-f]{8}\.svg$/), width: 24, height: 16 },
    });
  });

  test('the hash in src follows the file content, so it is the same on every load', async () => {
    const a = (await request(serve().server).get('/api/images')).body;
    const b = (await request(serve().server).get('/api/images')).body;
    expect(b.logo.src).toBe(a.logo.src);
    expect(a.logo.src).not.toBe(a.photo.src);
  });

  test('imagePublicPath sets where src points', async () => {
    const res = await request(serve({ imagePublicPath: 'https://cdn.example.test/media/' }).server).get('/api/images');
    expect(res.body.logo.src).toMatch(/^https:\/\/cdn\.example\.test\/media\/logo\.[0-9a-f]{8}\.png$/);
  });

  test('a bad imagePublicPath is a TypeError naming the option', () => {
    expect(() => apiRoutes(API, { imagePublicPath: 42 as never })).toThrow(TypeError);
    expect(() => apiRoutes(API, { imagePublicPath: 42 as never })).toThrow(/imagePublicPath/);
  });
});

describe('other extensions', () => {
  test('a route importing a .yaml file fails to load, naming the imported file and the extension', async () => {
    const { api, server, logger } = serve();
    const res = await request(server).get('/api/yaml');
    expect([res.status, res.text]).toEqual([500, 'Internal Server Error']);
    const logged = logger.text();
    expect(logged).toContain(join(PROJECT, 'data', 'notes.yaml'));
    expect(logged).toContain('.yaml');
    expect(logged).toContain(join(API, 'yaml.ts'));
    expect(logged).not.toContain("Unexpected token");

    const failure = await api.ready().then(
      () => undefined,
      (err: AggregateError) => err,
    );
    expect(failure).toBeInstanceOf(AggregateError);
    expect(failure!.errors).toHaveLength(1);
    expect(String((failure!.errors[0] as Error).message)).toMatch(/notes\.yaml/);
    expect(String((failure!.errors[0] as Error).message)).toMatch(/\.yaml/);
  });

  test('the other routes of the folder are not affected', async () => {
    const { server } = serve();
    expect((await request(server).get('/api/plain')).body).toEqual({ ok: true });
  });
});
