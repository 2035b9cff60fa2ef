/** What tests and benchmarks of the adapter and of the applications on it share. */
export * from "./freshDatabase.js"
export * from "./rawBooking.js"
