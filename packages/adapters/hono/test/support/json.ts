/** Response bodies in tests are plain JSON, checked field by field by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads arbitrary JSON and asserts on it
export type Loose = any

export const jsonOf = async (res: Response): Promise<Loose> => res.json()
