import { type mongo, Types } from 'mongoose';

/**
 * The driver's collection behind a model, for the reads and deletes of the bot's hot paths
 * (opening and confirming a form). A lean mongoose query returns the same plain documents, but
 * builds and casts a Query on the way there and back: under load that layer was the largest single
 * part of the bot's CPU above the bare grammY bot's (README, "Benchmarks"). Nothing is cast here:
 * ids in filters must be ObjectIds (`toId`), and writes that need the schema's defaults and
 * validation stay with the model.
 */
export function rawCollection<T extends mongo.Document>(model: { collection: unknown }): mongo.Collection<T> {
  return model.collection as unknown as mongo.Collection<T>;
}

/** An id as the database stores it (a string from a button or a form's setup, or already an ObjectId). */
export function toId(v: Types.ObjectId | string): Types.ObjectId {
  return typeof v === 'string' ? new Types.ObjectId(v) : v;
}
