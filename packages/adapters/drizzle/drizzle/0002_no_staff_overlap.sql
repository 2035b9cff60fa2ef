-- Custom SQL migration file, put your code below! ---- No two active appointments of one staff member overlap, buffers included: the items of other
-- appointments (appointment_id WITH <>) may not share a staff member and an occupied instant.
-- `occupied` is '[)', so back-to-back appointments touch without overlapping. A violation is
-- SQLSTATE 23P01, reported by the adapter as SlotUnavailable.
ALTER TABLE "appointment_items" ADD CONSTRAINT "appointment_items_no_staff_overlap"
  EXCLUDE USING gist ("staff_id" WITH =, "occupied" WITH &&, "appointment_id" WITH <>) WHERE ("active");
