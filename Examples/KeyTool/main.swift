print("keytool")
