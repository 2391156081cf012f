import { tables, type DeskHandle } from '../database';
import type { User } from '../types';

/** Queries of the `users` table (accounts; the password hash is sealed at rest). */

export async function userCount(handle: DeskHandle): Promise<number> {
  return tables(handle).users.count();
}

export function getUser(handle: DeskHandle, userId: string): Promise<User | undefined> {
  return tables(handle).users.get(userId);
}

export function userByUsername(handle: DeskHandle, username: string): Promise<User | undefined> {
  return tables(handle).users.where('username').equals(username).first();
}

export async function usernameTaken(handle: DeskHandle, username: string): Promise<boolean> {
  return (await tables(handle).users.where('username').equals(username).count()) > 0;
}

export function usersByIds(handle: DeskHandle, userIds: readonly string[]): Promise<Array<User | undefined>> {
  return tables(handle).users.bulkGet([...userIds]);
}

/** Every account, by user name (the accounts screen). */
export function usersByUsername(handle: DeskHandle): Promise<User[]> {
  return tables(handle).users.orderBy('username').toArray();
}

export async function addUser(handle: DeskHandle, user: User): Promise<void> {
  await tables(handle).users.add(user);
}

export async function updateUser(handle: DeskHandle, userId: string, changes: Partial<Omit<User, 'id'>>): Promise<void> {
  await tables(handle).users.update(userId, changes);
}
