CREATE OR REPLACE VIEW eligible_leads AS
SELECT
    TRY_CAST(email AS VARCHAR) AS email,
    TRY_CAST(merchant_name AS VARCHAR) AS merchant_name,
    TRY_CAST(platform_domain AS VARCHAR) AS platform_domain,
    TRY_CAST(domain AS VARCHAR) AS domain,
    TRY_CAST(state AS VARCHAR) AS state,
    TRY_CAST(country_code AS VARCHAR) AS country_code,
    TRY_CAST(estimated_sales_yearly AS DECIMAL(18,2)) AS estimated_sales_yearly,
    TRY_CAST(employee_count AS INTEGER) AS employee_count,
    TRY_CAST(product_count AS INTEGER) AS product_count,
    TRY_CAST(avg_price AS DECIMAL(18,2)) AS avg_price,
    TRY_CAST(klaviyo_installed_at AS TIMESTAMP) AS klaviyo_installed_at,
    TRY_CAST(timezone AS VARCHAR) AS timezone,
    CAST(NULL AS VARCHAR) AS industry,
    CAST(NULL AS TIMESTAMP) AS loaded_at,
    ${row_id} AS rowid
FROM ${reader}
