SET ${name} = ${value}
