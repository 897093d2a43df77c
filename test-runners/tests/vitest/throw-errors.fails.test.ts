// Fails on purpose: run only when RUNNERS_EXPECT_THROWN=1 (set by __tests__/runners.test.ts,
// which checks that the runner reports the handler's own error and stack).
// The response is the expected 500: only throwErrors can make this test fail.
import request from 'supertest';
import { test } from 'vitest';
import { createTestApp } from 'next-api-express/testing';

test('throwErrors: the handler error fails the test', async () => {
  await request(createTestApp('src/pages/api', { throwErrors: true, logger: false })).get('/api/broken').expect(500);
});
