-- Prospects as the business systems deliver them: raw, possibly dirty (the view normalises and filters).
-- Usually fed by an upstream pipeline; replace with a view over your own table if it lives elsewhere.
CREATE TABLE IF NOT EXISTS `${dataset}.eligible_leads` (
    email                  STRING,
    merchant_name          STRING,
    platform_domain        STRING,
    domain                 STRING,
    state                  STRING,
    country_code           STRING,
    estimated_sales_yearly NUMERIC,
    employee_count         INT64,
    product_count          INT64,
    avg_price              NUMERIC,
    klaviyo_installed_at   TIMESTAMP,
    timezone               STRING,
    industry               STRING,
    loaded_at              TIMESTAMP
);
