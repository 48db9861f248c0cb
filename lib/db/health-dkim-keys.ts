/** The DKIM keys stored in the console (DkimKey rows), for the sending-domain health checks. */

import { getDb, type Db } from "./client";

export interface StoredDkimKey {
  selector: string;
  domain: string;
  privateKeyPem: string;
}

export async function listStoredDkimKeys(db: Db = getDb()): Promise<StoredDkimKey[]> {
  return db.dkimKey.findMany({ select: { selector: true, domain: true, privateKeyPem: true }, orderBy: [{ domain: "asc" }, { selector: "asc" }] });
}
