// The customers context's public surface: the only file other code may import from this folder.
export {};
