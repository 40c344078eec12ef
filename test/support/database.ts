import { randomBytes } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { connectMongoose } from '../../src/db/connection.ts';
import { userCache } from '../../src/services/users.ts';

/**
 * Gives the calling test file a database of its own on the real server, dropped afterwards.
 * `clean: 'each'` empties every collection before each test.
 */
export function useTestDatabase(opts: { clean?: 'each' | 'never' } = {}) {
  const dbName = `dvb_test_${randomBytes(5).toString('hex')}`;
  beforeAll(async () => {
    await connectMongoose(inject('mongodbUri'), dbName);
  });
  if (opts.clean === 'each') {
    beforeEach(async () => {
      await clearDatabase();
    });
  }
  afterAll(async () => {
    await mongoose.connection.dropDatabase().catch(() => {});
    await mongoose.disconnect();
  });
  return { dbName };
}

export async function clearDatabase(): Promise<void> {
  const collections = await mongoose.connection.db!.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
  // Emptied behind the User model's back: the people cached by an earlier test are gone.
  userCache.clear();
}
