import request from 'supertest';
import { testHandler } from 'next-api-express/testing';
import hello from '@/pages/api/hello';

test('hello, one handler', () =>
  request(testHandler(hello, { params: { name: 'Grace' } })).get('/').expect(200, { message: 'Hello, Grace!' }));
