-- Asset tags are unique whatever their case: "bos-frz-001" is BOS-FRZ-001 (the service checks
-- first; this index refuses what gets past it, e.g. two requests at once). Prisma's schema cannot
-- express an index on an expression, so it lives here only; the schema is unchanged.
CREATE UNIQUE INDEX "equipment_asset_tag_lower_key" ON "equipment" (lower("asset_tag"));
