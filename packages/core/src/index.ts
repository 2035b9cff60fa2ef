export * from "./domain/LocalTime.js"
