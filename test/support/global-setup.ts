// Prepares the shared test infrastructure once per `jest` run. Filled in with the central
// database bootstrap as soon as the migrator lands.
export default async function globalSetup(): Promise<void> {}
