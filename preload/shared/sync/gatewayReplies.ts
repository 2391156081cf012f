import { z } from 'zod';

/** Replies of the ministry gateway (assets/api/ministry-gateway.openapi.yaml), checked before use. */
export const DossierStateReply = z.object({
  id: z.string(),
  state: z.enum(['declared', 'delivered']),
  missing: z.array(z.string()).optional(),
});

export const MissingFilesReply = z.object({ error: z.string(), missing: z.array(z.string()) });

export const ProblemReply = z.object({ error: z.string() }).passthrough();

export const StatusChangeReply = z.object({
  seq: z.number().int().nonnegative(),
  dossierId: z.string().min(1).max(100),
  status: z.number().int().min(1).max(10),
  at: z.string().regex(/^\d{14}$/),
  note: z.string().max(2000).optional(),
  /** A supervisor's review decision made at the office hub; the status is then the one the dossier has. */
  review: z
    .object({
      state: z.enum(['accepted', 'rescan']),
      reason: z.string().max(2000).optional(),
      reviewer: z.string().max(200).optional(),
    })
    .optional(),
});
export type StatusChangeReply = z.infer<typeof StatusChangeReply>;

export const StatusPageReply = z.object({
  cursor: z.number().int().nonnegative(),
  changes: z.array(StatusChangeReply),
});
export type StatusPageReply = z.infer<typeof StatusPageReply>;

export const HealthReply = z.object({ ok: z.literal(true), protocol: z.literal(1) });

/** `GET /api/v1/desk`: who the hub says this desk is. */
export const DeskReply = z.object({ id: z.string().min(1), name: z.string(), role: z.enum(['desk', 'supervisor']), slot: z.number().int().min(1).max(9999) });
export type DeskReply = z.infer<typeof DeskReply>;

/** `POST /api/v1/desk/code-blocks`: the blocks of the daily sequence leased to this desk. */
export const CodeBlocksReply = z.object({
  blocks: z.array(z.object({ prefix: z.string(), day: z.string().regex(/^\d{6}$/), from: z.number().int().min(1), to: z.number().int().max(9999) })).min(1).max(10),
  blockSize: z.number().int().optional(),
});

/** A refusal of the office hub: its code and the Vietnamese message for the officer. */
export const HubProblemReply = z.object({ error: z.string(), code: z.string(), message: z.string() }).passthrough();
