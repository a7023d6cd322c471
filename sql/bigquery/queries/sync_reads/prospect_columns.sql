email, merchant_name, platform_domain, state, country_code, estimated_sales_yearly, employee_count, product_count, avg_price, klaviyo_installed_at, timezone, sequence_target
