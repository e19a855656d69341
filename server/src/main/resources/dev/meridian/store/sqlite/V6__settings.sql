-- Values the store keeps about itself: the root key's check value (a node with another root key refuses to start).
CREATE TABLE settings (
    name TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
);
