/** `SecretBox` sealing tool secrets under SEED_SECRET_KEY. */
export const SECRET_BOX = Symbol('SECRET_BOX');
