// IndexedDB on the tablet: the queue of finished responses (written before any network
// call), the rejected ones set aside for the admin, and a few settings (token, questionnaire).

const NAME = "kiosk";
const STRICT = { durability: "strict" }; // on disk before the visitor sees "thank you"

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("transaction aborted"));
  });
}

export async function openStore() {
  const opening = indexedDB.open(NAME, 1);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    db.createObjectStore("queue", { keyPath: "id" }).createIndex("collected_at", "collected_at");
    db.createObjectStore("rejected", { keyPath: "id" });
    db.createObjectStore("meta");
  };
  return new Store(await request(opening));
}

class Store {
  constructor(db) {
    this.db = db;
  }

  async enqueue(record) {
    const tx = this.db.transaction("queue", "readwrite", STRICT);
    tx.objectStore("queue").put(record); // same id again (double tap) overwrites, never doubles
    await done(tx);
  }

  // The oldest responses first, at most `limit`.
  queued(limit) {
    const tx = this.db.transaction("queue");
    return request(tx.objectStore("queue").index("collected_at").getAll(null, limit));
  }

  // Responses queued by a shell that did not name their campaign: the one it showed then.
  async nameCampaign(slug) {
    const tx = this.db.transaction("queue", "readwrite", STRICT);
    const queue = tx.objectStore("queue");
    for (const record of await request(queue.getAll())) {
      if (!record.campaign) queue.put({ ...record, campaign: slug });
    }
    await done(tx);
  }

  // Drops what the server stored; moves what it refused for good to the rejected store.
  async settle(sentIds, refused) {
    const tx = this.db.transaction(["queue", "rejected"], "readwrite", STRICT);
    const queue = tx.objectStore("queue");
    for (const id of sentIds) queue.delete(id);
    for (const { record, result } of refused) {
      tx.objectStore("rejected").put({
        ...record,
        status: result.status,
        error: result.error ?? null,
        message: result.message ?? null,
        errors: result.errors ?? null,
        rejected_at: new Date().toISOString(),
      });
      queue.delete(record.id);
    }
    await done(tx);
  }

  async counts() {
    const tx = this.db.transaction(["queue", "rejected"]);
    const [queue, rejected] = await Promise.all([
      request(tx.objectStore("queue").count()),
      request(tx.objectStore("rejected").count()),
    ]);
    return { queue, rejected };
  }

  getMeta(key) {
    return request(this.db.transaction("meta").objectStore("meta").get(key));
  }

  async setMeta(key, value) {
    const tx = this.db.transaction("meta", "readwrite", STRICT);
    tx.objectStore("meta").put(value, key);
    await done(tx);
  }
}

// A UUID v4 for a response; crypto.randomUUID needs HTTPS, getRandomValues does not.
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
