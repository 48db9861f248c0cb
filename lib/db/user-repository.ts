/**
 * Users. DTOs out (never Prisma types); the password hash leaves this module only through
 * `findCredentials`, for the login check. Writes that could remove the last active admin run in one
 * serializable transaction with the check, so two admins cannot demote each other at the same time.
 */

import type { Role } from "../auth/permissions";
import { isRole } from "../auth/permissions";
import { ConflictError, NotFoundError } from "../errors";
import { getDb, type Db } from "./client";

export interface UserDto {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

export interface UserCredentials {
  id: string;
  username: string;
  role: Role;
  disabled: boolean;
  passwordHash: string;
}

export interface UserPatch {
  role?: Role;
  disabled?: boolean;
  passwordHash?: string;
}

export class LastAdminError extends ConflictError {
  constructor() {
    super("At least one active admin must remain: add or enable another admin first.");
  }
}

export class UsernameTakenError extends ConflictError {
  constructor(username: string) {
    super(`The username "${username}" is already taken.`);
  }
}

const USER_SELECT = {
  id: true,
  username: true,
  role: true,
  disabled: true,
  createdAt: true,
  updatedAt: true,
  lastLoginAt: true,
} as const;

type UserRow = { id: string; username: string; role: string; disabled: boolean; createdAt: Date; updatedAt: Date; lastLoginAt: Date | null };

function toRole(value: string, username: string): Role {
  if (!isRole(value)) throw new Error(`User ${username} has an unknown role "${value}"`);
  return value;
}

function toDto(row: UserRow): UserDto {
  return { ...row, role: toRole(row.role, row.username) };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

export function createUserRepository(db: Db = getDb()) {
  return {
    count(): Promise<number> {
      return db.user.count();
    },

    async list(): Promise<UserDto[]> {
      const rows = await db.user.findMany({ select: USER_SELECT, orderBy: { username: "asc" } });
      return rows.map(toDto);
    },

    async findById(id: string): Promise<UserDto | null> {
      const row = await db.user.findUnique({ where: { id }, select: USER_SELECT });
      return row ? toDto(row) : null;
    },

    async findCredentials(username: string): Promise<UserCredentials | null> {
      const row = await db.user.findUnique({
        where: { username },
        select: { id: true, username: true, role: true, disabled: true, passwordHash: true },
      });
      return row ? { ...row, role: toRole(row.role, row.username) } : null;
    },

    async create(input: { username: string; role: Role; passwordHash: string }): Promise<UserDto> {
      try {
        return toDto(await db.user.create({ data: input, select: USER_SELECT }));
      } catch (err) {
        if (isUniqueViolation(err)) throw new UsernameTakenError(input.username);
        throw err;
      }
    },

    /** Creates `input` only when the table is empty; returns null when a user already exists. */
    async createIfNoUsers(input: { username: string; role: Role; passwordHash: string }): Promise<UserDto | null> {
      return db.$transaction(
        async (tx) => {
          if ((await tx.user.count()) > 0) return null;
          return toDto(await tx.user.create({ data: input, select: USER_SELECT }));
        },
        { isolationLevel: "Serializable" },
      );
    },

    /** Applies `patch`; throws LastAdminError when it would leave no active admin. */
    async update(id: string, patch: UserPatch): Promise<{ before: UserDto; after: UserDto }> {
      return db.$transaction(
        async (tx) => {
          const row = await tx.user.findUnique({ where: { id }, select: USER_SELECT });
          if (!row) throw new NotFoundError("User");
          const before = toDto(row);
          const wasActiveAdmin = before.role === "admin" && !before.disabled;
          const staysActiveAdmin = (patch.role ?? before.role) === "admin" && !(patch.disabled ?? before.disabled);
          if (wasActiveAdmin && !staysActiveAdmin) {
            const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: id } } });
            if (others === 0) throw new LastAdminError();
          }
          const after = toDto(await tx.user.update({ where: { id }, data: patch, select: USER_SELECT }));
          return { before, after };
        },
        { isolationLevel: "Serializable" },
      );
    },

    async recordLogin(id: string, at: Date): Promise<void> {
      await db.user.update({ where: { id }, data: { lastLoginAt: at }, select: { id: true } });
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
