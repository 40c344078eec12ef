import mongoose from 'mongoose';

/**
 * The database connection as a front that runs on its own (the admin CLI) opens and closes it:
 * find or start the database, connect (indexes made), disconnect. The bot's composition root
 * (src/main.ts) uses src/db/connection.ts directly.
 */
export { connectMongoose as connectDatabase, resolveDatabase } from '../db/connection.ts';

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect();
}
