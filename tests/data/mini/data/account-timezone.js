window.YTD.account_timezone.part0 = [
  {
    "accountTimezone" : {
      "accountId" : "1000",
      "timeZone" : "Madrid"
    }
  }
]
