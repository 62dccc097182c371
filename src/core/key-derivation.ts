/** PBKDF2-SHA256 work factor for new PIN hashes and sealed secrets (OWASP's 2023 figure). Stored with each, so raising it never breaks old ones. */
export const PBKDF2_ITERATIONS = 310_000;
